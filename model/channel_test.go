package model

import "testing"

func TestParseChannel(t *testing.T) {
	tests := []struct {
		in   string
		want Channel
	}{
		{"email", ChannelEmail}, {"E-mail", ChannelEmail}, {"mail", ChannelEmail},
		{"Phone", ChannelPhone}, {"telephone", ChannelPhone}, {"voice", ChannelPhone},
		{"chat", ChannelChat}, {"Live Chat", ChannelChat},
		{"Web", ChannelWeb}, {"Internet", ChannelWeb}, {"web form", ChannelWeb},
		{"Social media", ChannelSocial}, {"twitter", ChannelSocial},
		{"Postal mail", ChannelLetter}, {"letter", ChannelLetter},
		{"Referral", ChannelReferral}, {" Fax ", ChannelFax},
		{"", ChannelOther}, {"pigeon", ChannelOther}, {"other", ChannelOther},
	}
	for _, tt := range tests {
		if got := ParseChannel(tt.in); got != tt.want {
			t.Errorf("ParseChannel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, c := range Channels {
		if ParseChannel(string(c)) != c || !ValidChannel(string(c)) {
			t.Errorf("channel %q does not round trip", c)
		}
	}
	for _, s := range []string{"", "Email", "internet", "x"} {
		if ValidChannel(s) {
			t.Errorf("ValidChannel(%q) = true", s)
		}
	}
}
