package queue

import "github.com/motcua/motcua/internal/textrule"

// CleanTexts applies the one rule for typed text (internal/textrule:
// invisible and control characters stripped, NFC) to the configuration's
// texts an admin typed — the centre's, agencies', sectors', services',
// counters' and priorities' names and the services' descriptions, the
// notice — as the console saves it and as a file is loaded
// (docs/CONSOLE.md, "Configuration texts"): they are shown on the kiosk,
// the boards, the receipts and the portal, where a bidirectional override
// would show another text and an NFD name would not match a search. Ids,
// prefixes and codes are not touched: Validate refuses a wrong one.
func (c *Config) CleanTexts() {
	l := textrule.Line
	c.CentreName, c.AgencyName, c.Branch, c.Province = l(c.CentreName), l(c.AgencyName), l(c.Branch), l(c.Province)
	c.Notice, c.NoticeEN = textrule.Block(c.Notice), textrule.Block(c.NoticeEN)
	for i := range c.Agencies {
		c.Agencies[i].Name = l(c.Agencies[i].Name)
	}
	for i := range c.Sectors {
		s := &c.Sectors[i]
		s.Name, s.NameEN = l(s.Name), l(s.NameEN)
	}
	for i := range c.Services {
		s := &c.Services[i]
		s.Name, s.NameEN = l(s.Name), l(s.NameEN)
		s.Description, s.DescriptionEN = textrule.Block(s.Description), textrule.Block(s.DescriptionEN)
	}
	for i := range c.Counters {
		k := &c.Counters[i]
		k.Name, k.NameEN = l(k.Name), l(k.NameEN)
	}
	for i := range c.Priorities {
		p := &c.Priorities[i]
		p.Name, p.NameEN = l(p.Name), l(p.NameEN)
	}
}
