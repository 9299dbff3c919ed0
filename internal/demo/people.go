package demo

// name is a name as written and as it goes into an e-mail address.
type name struct{ text, ascii string }

var firstNames = []name{
	{"Ana", "ana"}, {"José", "jose"}, {"Zoë", "zoe"}, {"Liam", "liam"}, {"Emma", "emma"}, {"Noah", "noah"},
	{"Olivia", "olivia"}, {"Łukasz", "lukasz"}, {"Søren", "soren"}, {"Chloé", "chloe"}, {"Mateo", "mateo"},
	{"Sofía", "sofia"}, {"Amelia", "amelia"}, {"Lucas", "lucas"}, {"Mia", "mia"}, {"Ethan", "ethan"},
	{"Aisha", "aisha"}, {"Omar", "omar"}, {"Priya", "priya"}, {"Arjun", "arjun"}, {"Fatima", "fatima"},
	{"Grace", "grace"}, {"Henry", "henry"}, {"Isabel", "isabel"}, {"Jack", "jack"}, {"Kai", "kai"},
	{"Léa", "lea"}, {"Matteo", "matteo"}, {"Nora", "nora"}, {"Oscar", "oscar"}, {"Björn", "bjorn"},
	{"Renée", "renee"}, {"Tomás", "tomas"}, {"Ülkü", "ulku"}, {"Yusuf", "yusuf"}, {"Chidi", "chidi"},
}

var lastNames = []name{
	{"López", "lopez"}, {"Smith", "smith"}, {"Müller", "muller"}, {"García", "garcia"}, {"Johnson", "johnson"},
	{"Núñez", "nunez"}, {"Brown", "brown"}, {"Kowalski", "kowalski"}, {"Jensen", "jensen"}, {"Dubois", "dubois"},
	{"Rossi", "rossi"}, {"Williams", "williams"}, {"Nguyen", "nguyen"}, {"Okafor", "okafor"}, {"Patel", "patel"},
	{"Khan", "khan"}, {"O'Brien", "obrien"}, {"Silva", "silva"}, {"Andersson", "andersson"}, {"Yılmaz", "yilmaz"},
	{"Fernández", "fernandez"}, {"Taylor", "taylor"}, {"Schäfer", "schafer"}, {"Martin", "martin"}, {"Novák", "novak"},
}

// cjkNames are whole names, family name first; wide characters exercise
// the UI's column widths.
var cjkNames = []name{
	{"王芳", "wang.fang"}, {"李伟", "li.wei"}, {"张敏", "zhang.min"}, {"田中 太郎", "tanaka.taro"},
	{"佐藤 花子", "sato.hanako"}, {"김민준", "kim.minjun"}, {"이서연", "lee.seoyeon"}, {"陈静", "chen.jing"},
}

var mailDomains = []string{"example.com", "mail.example.org", "example.net", "post.example.de", "example.co.uk", "example.es"}

// team is the demo's agents with their share of the work.
var team = []struct {
	name  string
	share float64
}{{"ana", 0.30}, {"bo", 0.25}, {"chen", 0.20}, {"dee", 0.15}, {"eli", 0.10}}

var products = []string{"kettle", "blender", "headphones", "smart speaker", "backpack", "running shoes",
	"desk lamp", "coffee grinder", "phone case", "air fryer", "winter jacket", "baby monitor", "router", "e-reader"}

var plans = []string{"basic", "plus", "pro", "business"}
var regions = []string{"EU-West", "EU-North", "US-East", "US-West", "APAC", "LATAM"}

var closers = []string{"Thanks.", "Thank you for your help.", "Regards.", "Please get back to me soon.",
	"Looking forward to your answer.", "Cheers!", "I hope you can sort this out."}

var cjkSentences = []string{"我的订单还没有到。", "请尽快回复。", "よろしくお願いします。", "빠른 답변 부탁드립니다.", "商品が壊れていました。"}

var emoji = []string{" 🙏", " 😡", " 📦", " 😊", " 👍", " 💳", " ⏰"}

// hostile texts must reach the UI's sanitiser: a screen-clearing escape
// sequence, a colour change, and a right-to-left override.
var hostile = []string{"\x1b[2J\x1b[H", "\x1b[31mURGENT\x1b[0m", "\u202etxt.exe", "\x1b]0;pwned\x07", "\u202e!dnuferI"}

var notes = []string{"Checked the order history, payment captured twice.", "Asked the warehouse for photos.",
	"Courier investigation opened, ref in the order notes.", "Customer called again, very upset.",
	"Escalated to tier 2.", "Waiting on finance to confirm the refund.", "Verified identity by phone.",
	"Known issue, see the team channel.", "Left a voicemail.", "Sent the replacement through the priority lane."}

// Replies are canned-reply templates, expanded as the UI would.
var firstReplies = []string{"Hi {{customer}}, thanks for reaching out. I am looking into this now. — {{agent}}",
	"Hi {{customer}}, could you send us a photo and your order number? — {{agent}}",
	"Hi {{customer}}, we have passed this to the right team and will update you within two working days. — {{agent}}"}

const solvedReply = "Hi {{customer}}, I am sorry for the trouble. This is now sorted; reference {{case}}. — {{agent}}"

var recoveries = map[string][]string{
	"billing":  {"refund", "credit"},
	"delivery": {"replacement", "refund", "apology"},
	"product":  {"replacement", "refund"},
	"account":  {"callback", "apology"},
	"service":  {"apology", "callback", "credit"},
}
