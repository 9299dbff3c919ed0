package model

import "strings"

// Channel is how the customer reached us.
type Channel string

const (
	ChannelEmail    Channel = "email"
	ChannelPhone    Channel = "phone"
	ChannelChat     Channel = "chat"
	ChannelWeb      Channel = "web"
	ChannelSocial   Channel = "social"
	ChannelLetter   Channel = "letter"
	ChannelReferral Channel = "referral"
	ChannelFax      Channel = "fax"
	ChannelOther    Channel = "other"
)

// Channels lists every channel.
var Channels = []Channel{ChannelEmail, ChannelPhone, ChannelChat, ChannelWeb, ChannelSocial,
	ChannelLetter, ChannelReferral, ChannelFax, ChannelOther}

// ParseChannel maps a channel name, or a source's wording of it ("Postal
// mail", "Internet"), onto a channel. Anything unknown is other; "" is other.
func ParseChannel(s string) Channel {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "email", "e-mail", "mail":
		return ChannelEmail
	case "phone", "telephone", "call", "voice":
		return ChannelPhone
	case "chat", "live chat", "messaging":
		return ChannelChat
	case "web", "internet", "web form", "form", "website":
		return ChannelWeb
	case "social", "social media", "twitter", "facebook":
		return ChannelSocial
	case "letter", "postal mail", "post":
		return ChannelLetter
	case "referral":
		return ChannelReferral
	case "fax":
		return ChannelFax
	}
	return ChannelOther
}

// ValidChannel reports whether s names a channel exactly.
func ValidChannel(s string) bool {
	for _, c := range Channels {
		if string(c) == s {
			return true
		}
	}
	return false
}
