package demo

// trend is how an issue's share of contacts moves over the demo's weeks.
type trend uint8

const (
	steady   trend = iota
	rising         // strongly up in the last six weeks
	falling        // slowly down over the whole window
	newIssue       // absent until three weeks ago
)

// issue is one issue tag with the words customers use about it.
type issue struct {
	tag      string
	weight   float64 // base share, uneven on purpose
	trend    trend
	urgent   float64 // chance the case comes in urgent
	subjects []string
	openers  []string // the first sentence of the body
	details  []string // later sentences
}

// issues is the demo taxonomy: 25 issues in 5 areas. Placeholders in the
// texts: {order} {amount} {days} {product} {date}.
var issues = []issue{
	{tag: "billing/double-charge", weight: 9, urgent: 0.12,
		subjects: []string{"Charged twice for order {order}", "Double charge on my card", "Why was I billed two times?"},
		openers:  []string{"I was charged {amount} twice for order {order}.", "My bank statement shows two identical payments of {amount}.", "You took the money for my order two times."},
		details:  []string{"I only placed one order.", "Please refund the second payment as soon as possible.", "This has left my account overdrawn.", "The duplicate appeared on {date}."}},
	{tag: "billing/refund-request", weight: 12,
		subjects: []string{"Refund for order {order}", "Requesting a refund", "Where is my refund?"},
		openers:  []string{"I returned the {product} {days} days ago and have not been refunded.", "I would like a refund for order {order}.", "Your site says my refund of {amount} was issued but nothing arrived."},
		details:  []string{"The return was confirmed by the courier.", "I have attached the receipt.", "It has been more than two weeks now."}},
	{tag: "billing/invoice-error", weight: 5,
		subjects: []string{"Wrong amount on invoice", "Invoice {order} is incorrect", "VAT missing on my invoice"},
		openers:  []string{"The invoice for order {order} shows {amount}, but the price was lower.", "My invoice has the wrong company name.", "The VAT number is missing from my invoice."},
		details:  []string{"I need a corrected copy for my accountant.", "Please send a new invoice by e-mail."}},
	{tag: "billing/payment-failed", weight: 4, trend: rising, urgent: 0.08,
		subjects: []string{"Payment keeps failing", "Card declined at checkout", "Cannot pay for my order"},
		openers:  []string{"My card is declined at checkout although it works elsewhere.", "The payment page shows an error after I enter my card.", "I tried three times to pay {amount} and it failed each time."},
		details:  []string{"My bank says they see no attempts.", "I tried two different cards.", "The error code was 402."}},
	{tag: "billing/subscription-cancel", weight: 6,
		subjects: []string{"Cancel my subscription", "Stop charging me", "How do I cancel?"},
		openers:  []string{"Please cancel my subscription effective immediately.", "I cancelled last month but was charged {amount} again.", "I cannot find where to cancel my plan."},
		details:  []string{"I do not want to be charged again.", "Please confirm the cancellation in writing."}},
	{tag: "delivery/late", weight: 14, trend: rising, urgent: 0.05,
		subjects: []string{"Order {order} has not arrived", "Where is my package?", "Delivery is {days} days late"},
		openers:  []string{"My order {order} was due {days} days ago and has not arrived.", "The tracking has not moved since {date}.", "I am still waiting for my {product}."},
		details:  []string{"It is a gift and I need it before the weekend.", "The courier says it is at the depot.", "Nobody rang the bell, I was at home all day.", "Please tell me when it will arrive."}},
	{tag: "delivery/damaged", weight: 7,
		subjects: []string{"Package arrived damaged", "Broken {product}", "Damaged in transit"},
		openers:  []string{"The {product} arrived with a cracked case.", "The box was crushed and the contents are broken.", "My order {order} arrived damaged."},
		details:  []string{"I have photos of the packaging.", "I would like a replacement, not a refund.", "The courier left it in the rain."}},
	{tag: "delivery/lost", weight: 5, urgent: 0.06,
		subjects: []string{"Package marked delivered but not here", "Lost parcel {order}", "Never received my order"},
		openers:  []string{"Tracking says delivered on {date}, but there is nothing here.", "My neighbours have not seen the parcel either.", "The parcel for order {order} seems to be lost."},
		details:  []string{"I checked with the building manager.", "Please open an investigation with the courier."}},
	{tag: "delivery/wrong-address", weight: 3,
		subjects: []string{"Change delivery address", "Wrong address on order {order}", "Sent to my old address"},
		openers:  []string{"I made a typo in the address for order {order}.", "You shipped to my old address even though I updated it.", "Can I still change where the parcel goes?"},
		details:  []string{"The new address is in my account.", "It has not shipped yet according to the site."}},
	{tag: "delivery/tracking", weight: 6, trend: falling,
		subjects: []string{"Tracking link broken", "No tracking number", "Tracking not updating"},
		openers:  []string{"The tracking link in the e-mail gives an error.", "I never received a tracking number for {order}.", "The tracking page has said 'label created' for {days} days."},
		details:  []string{"I just want to know when to be home.", "Could you send me the courier's reference?"}},
	{tag: "product/defect", weight: 10, urgent: 0.03,
		subjects: []string{"{product} stopped working", "Defective {product}", "Faulty item after {days} days"},
		openers:  []string{"My {product} stopped working after {days} days.", "The {product} will not turn on.", "The {product} makes a loud clicking noise."},
		details:  []string{"I followed the manual exactly.", "It is still under warranty.", "I tried a different outlet and cable."}},
	{tag: "product/missing-part", weight: 4,
		subjects: []string{"Missing parts", "Screws missing from {product}", "Incomplete order"},
		openers:  []string{"The {product} came without the screws.", "The power adapter is missing from the box.", "One of the two items in order {order} is missing."},
		details:  []string{"The packing list says it should be there.", "I cannot use it without it."}},
	{tag: "product/size-exchange", weight: 5,
		subjects: []string{"Exchange for a different size", "Too small", "Swap size on order {order}"},
		openers:  []string{"The {product} is too small, I need one size up.", "Can I exchange the {product} for another colour?", "I would like to swap the size on order {order}."},
		details:  []string{"It is unworn with tags attached.", "Happy to pay the difference."}},
	{tag: "product/how-to", weight: 8, trend: falling,
		subjects: []string{"How do I set up my {product}?", "Question about {product}", "Instructions unclear"},
		openers:  []string{"How do I pair the {product} with my phone?", "The manual does not explain how to reset the {product}.", "Is the {product} dishwasher safe?"},
		details:  []string{"I looked on your website but could not find it.", "Thank you in advance!"}},
	{tag: "product/recall", weight: 6, trend: newIssue, urgent: 0.2,
		subjects: []string{"Is my {product} part of the recall?", "Recall notice", "Safety recall question"},
		openers:  []string{"I saw the news about the recall. Is my {product} affected?", "My {product} has the batch number from the recall notice.", "I got a recall e-mail, what do I do now?"},
		details:  []string{"I have stopped using it for now.", "Do I need to send it back or will someone collect it?", "I have small children at home so this is urgent."}},
	{tag: "account/login", weight: 8,
		subjects: []string{"Cannot log in", "Login not working", "Locked out of my account"},
		openers:  []string{"I cannot log in, it says my password is wrong.", "The login page keeps reloading.", "My account is locked after too many attempts."},
		details:  []string{"I am sure the password is correct.", "I tried the app and the website."}},
	{tag: "account/password-reset", weight: 6,
		subjects: []string{"Password reset e-mail never arrives", "Reset link expired", "Cannot reset password"},
		openers:  []string{"I requested a password reset but the e-mail never came.", "The reset link says it has expired.", "The reset form says my e-mail is unknown."},
		details:  []string{"I checked my spam folder.", "I tried three times today."}},
	{tag: "account/hacked", weight: 2, urgent: 0.5,
		subjects: []string{"Someone is using my account", "Account hacked!", "Unknown orders on my account"},
		openers:  []string{"There are orders on my account that I did not place.", "My e-mail address was changed without my consent.", "I got a login alert from a country I have never been to."},
		details:  []string{"Please lock the account now.", "I have changed my password but I am still worried.", "One of the orders was {amount}."}},
	{tag: "account/data-deletion", weight: 2,
		subjects: []string{"Delete my data", "GDPR erasure request", "Close my account"},
		openers:  []string{"Please delete all my personal data.", "I am making a request under the GDPR to erase my data.", "I would like to close my account permanently."},
		details:  []string{"Please confirm when it is done.", "I no longer want marketing e-mails either."}},
	{tag: "account/two-factor", weight: 3,
		subjects: []string{"Lost my phone, 2FA", "Two-factor code not arriving", "2FA problem"},
		openers:  []string{"I changed phones and can no longer get the two-factor code.", "The SMS code never arrives.", "The authenticator code is always rejected."},
		details:  []string{"I still have access to my e-mail.", "I did not save the backup codes."}},
	{tag: "service/long-wait", weight: 5,
		subjects: []string{"Waited an hour on the phone", "No reply to my e-mails", "Slow support"},
		openers:  []string{"I waited on hold for over an hour yesterday.", "I have e-mailed three times without a reply.", "Your chat said someone would be with me shortly, {days} days ago."},
		details:  []string{"This is not acceptable.", "I am a customer of many years."}},
	{tag: "service/rude-agent", weight: 2,
		subjects: []string{"Complaint about an agent", "Very unhelpful call", "Rude staff"},
		openers:  []string{"The agent I spoke to on {date} was very rude.", "I was hung up on in the middle of my call.", "The person in the chat was dismissive."},
		details:  []string{"I would like a manager to call me.", "I expect an apology."}},
	{tag: "service/callback-missed", weight: 3,
		subjects: []string{"Promised callback never happened", "Still waiting for a call", "Missed callback"},
		openers:  []string{"I was promised a callback on {date} that never came.", "Someone said they would call me back within the day.", "I stayed home waiting for your call."},
		details:  []string{"Please call me on the number on my account.", "This is the second time."}},
	{tag: "service/praise", weight: 2,
		subjects: []string{"Thank you!", "Great service", "Kudos to your team"},
		openers:  []string{"I just wanted to say thank you for the quick help.", "The agent on the phone was wonderful.", "Great service, the replacement arrived the next day."},
		details:  []string{"Please pass this on.", "I will recommend you to my friends."}},
	{tag: "service/complaint-escalation", weight: 2, urgent: 0.15,
		subjects: []string{"Formal complaint", "I want to escalate", "Final warning before I go to the ombudsman"},
		openers:  []string{"This is a formal complaint about how my case was handled.", "I have contacted you {days} times about the same problem.", "I want this escalated to a manager."},
		details:  []string{"If this is not solved I will contact the ombudsman.", "I am considering legal action.", "Reference: order {order}."}},
}

// trendFactor scales an issue's weight for a case created weeksAgo weeks
// before now, so the heatmap has something to find.
func trendFactor(t trend, weeksAgo, weeks int) float64 {
	switch t {
	case rising:
		if weeksAgo >= 6 {
			return 1
		}
		return 1 + 0.6*float64(6-weeksAgo) // up to 4.6× in the last week
	case falling:
		return 2 - 1.6*float64(weeks-1-weeksAgo)/float64(max(weeks-1, 1)) // 2× → 0.4×
	case newIssue:
		if weeksAgo >= 3 {
			return 0
		}
		return 1.5 + 0.5*float64(2-weeksAgo)
	}
	return 1
}
