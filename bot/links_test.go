package bot

import (
	"testing"

	"frontdoor/handlers"
)

// A link goes out under the bot's name only with a label that is words or
// its own address: a label that reads as another address is dropped, and the
// link shows where it really goes.
func TestLinkLabelsNeverNameAnotherAddress(t *testing.T) {
	tests := []struct {
		name, label, url, want string
	}{
		{"another address", "https://www.gov.uk/…", "https://evil.example", "<https://evil.example>"},
		{"another host, no scheme", "www.gov.uk", "https://evil.example/x", "<https://evil.example/x>"},
		{"a domain only", "gov.uk", "https://evil.example/x", "<https://evil.example/x>"},
		{"the address as a subdomain of another", "gov.uk", "https://gov.uk.evil.example/", "<https://gov.uk.evil.example/>"},
		{"full-width letters", "ｇｏｖ．ｕｋ", "https://evil.example/", "<https://evil.example/>"},
		{"ideographic dot", "gov。uk", "https://evil.example/", "<https://evil.example/>"},
		{"user info before the host", "https://www.gov.uk@evil.example/", "https://evil.example/", "<https://evil.example/>"},
		{"an address inside words", "see nhs.uk for details", "https://evil.example/", "<https://evil.example/>"},
		{"the same host, a different port", "gov.uk:8443/x", "https://gov.uk/x", "<https://gov.uk/x>"},
		{"its own address", "https://www.gov.uk/guidance/x", "https://www.gov.uk/guidance/x", "<https://www.gov.uk/guidance/x|https://www.gov.uk/guidance/x>"},
		{"its own address without the scheme", "gov.uk/x", "http://gov.uk/x", "<http://gov.uk/x|gov.uk/x>"},
		{"its own address shortened", "www.gov.uk/…", "https://www.gov.uk/guidance/long", "<https://www.gov.uk/guidance/long|www.gov.uk/…>"},
		{"its own address in capitals", "GOV.UK/X", "https://gov.uk/x", "<https://gov.uk/x|GOV.UK/X>"},
		{"the site's name, without www", "nao.org.uk", "https://www.nao.org.uk/reports/x/", "<https://www.nao.org.uk/reports/x/|nao.org.uk>"},
		{"another site under the same name", "nao.org.uk", "https://evil.nao.org.uk.example/", "<https://evil.nao.org.uk.example/>"},
		{"a sibling host", "gov.uk", "https://evil.gov.uk/x", "<https://evil.gov.uk/x>"},
		{"words", "Connect to Work", "https://www.gov.uk/ctw", "<https://www.gov.uk/ctw|Connect to Work>"},
		{"an amount", "£42.8m", "https://www.gov.uk/ctw", "<https://www.gov.uk/ctw|£42.8m>"},
		{"an abbreviation", "St. Helens e.g. Ph.D", "https://www.gov.uk/ctw", "<https://www.gov.uk/ctw|St. Helens e.g. Ph.D>"},
		{"no label", "", "https://www.gov.uk/ctw", "<https://www.gov.uk/ctw>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderRich(handlers.R(handlers.L(tt.label, tt.url)), MaxSectionText); got != tt.want {
				t.Errorf("link %q to %s rendered %q, want %q", tt.label, tt.url, got, tt.want)
			}
		})
	}
}
