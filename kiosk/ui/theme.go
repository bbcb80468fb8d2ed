package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the kiosk: a calm public-service blue on a light background,
// high contrast for older eyes. They are variables: the large-type,
// high-contrast mode (one tap in every header) swaps the palette.
var (
	colBlue, colRed, colGreen, colAmber, colBG, colCard, colText, colMuted    color.Color
	colWarnBG, colHeader, colOnBlue, colInfoBG, colOkBG, colOverlay, colSelBG color.Color
	colTeal                                                                   color.Color // "I have an appointment"
)

func init() { setPalette(false) }

// setPalette picks the normal palette or the high-contrast one (yellow and
// white on black: WCAG contrast ≥ 7:1 for every text colour).
func setPalette(high bool) {
	n := func(r, g, b uint8) color.Color { return color.NRGBA{R: r, G: g, B: b, A: 0xff} }
	if !high {
		colBlue, colRed, colGreen, colAmber = n(0x0b, 0x4f, 0x9c), n(0xb3, 0x1b, 0x1b), n(0x1b, 0x7a, 0x3a), n(0xb2, 0x6a, 0x00)
		colBG, colCard, colText, colMuted = n(0xf2, 0xf5, 0xfa), n(0xff, 0xff, 0xff), n(0x17, 0x1c, 0x26), n(0x4a, 0x55, 0x68)
		colWarnBG, colHeader, colOnBlue = n(0xff, 0xf1, 0xd6), n(0x0b, 0x4f, 0x9c), n(0xff, 0xff, 0xff)
		colInfoBG, colOkBG, colSelBG = n(0xe3, 0xee, 0xfb), n(0xe1, 0xf5, 0xe6), n(0xe3, 0xee, 0xfb)
		colOverlay = color.NRGBA{R: 0x10, G: 0x18, B: 0x28, A: 0x99}
		colTeal = n(0x00, 0x6d, 0x77)
		return
	}
	colBlue, colRed, colGreen, colAmber = n(0xff, 0xe0, 0x3d), n(0xff, 0x8a, 0x80), n(0x7d, 0xf0, 0x9a), n(0xff, 0xb3, 0x47)
	colBG, colCard, colText, colMuted = n(0x00, 0x00, 0x00), n(0x12, 0x12, 0x12), n(0xff, 0xff, 0xff), n(0xf0, 0xf0, 0xf0)
	colWarnBG, colHeader, colOnBlue = n(0x4a, 0x30, 0x00), n(0x00, 0x00, 0x00), n(0xff, 0xe0, 0x3d)
	colInfoBG, colOkBG, colSelBG = n(0x0d, 0x2a, 0x4a), n(0x0d, 0x3a, 0x1d), n(0x33, 0x2b, 0x00)
	colOverlay = color.NRGBA{R: 0, G: 0, B: 0, A: 0xcc}
	colTeal = n(0x6f, 0xe7, 0xf0)
}

// kioskTheme enlarges the text for reading at arm's length. The font stays
// Fyne's bundled Noto Sans, which has every Vietnamese letter (its
// monospace font does not: never use TextStyle.Monospace here).
type kioskTheme struct {
	fyne.Theme
	large bool // large type: every size ×1.4
}

func newTheme(large bool) fyne.Theme { return kioskTheme{theme.DefaultTheme(), large} }

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return colBG
	case theme.ColorNameForeground:
		return colText
	case theme.ColorNamePrimary:
		return colBlue
	case theme.ColorNameButton:
		return colCard
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		if t.large {
			return colMuted
		}
	}
	if t.large {
		return t.Theme.Color(n, theme.VariantDark)
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.size(n)
	if t.large {
		switch n {
		case theme.SizeNameText, theme.SizeNameSubHeadingText, theme.SizeNameHeadingText, theme.SizeNameCaptionText:
			s *= 1.4
		}
	}
	return s
}

func (t kioskTheme) size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 26
	case theme.SizeNameSubHeadingText:
		return 32
	case theme.SizeNameHeadingText:
		return 44
	case theme.SizeNameCaptionText:
		return 20
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 14
	case theme.SizeNameScrollBar:
		return 18
	}
	return t.Theme.Size(n)
}
