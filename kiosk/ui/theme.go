package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the kiosk: a calm public-service blue on a light background,
// high contrast for older eyes.
var (
	colBlue    = color.NRGBA{R: 0x0b, G: 0x4f, B: 0x9c, A: 0xff}
	colRed     = color.NRGBA{R: 0xb3, G: 0x1b, B: 0x1b, A: 0xff}
	colGreen   = color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff}
	colAmber   = color.NRGBA{R: 0xb2, G: 0x6a, B: 0x00, A: 0xff}
	colBG      = color.NRGBA{R: 0xf2, G: 0xf5, B: 0xfa, A: 0xff}
	colCard    = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colText    = color.NRGBA{R: 0x17, G: 0x1c, B: 0x26, A: 0xff}
	colMuted   = color.NRGBA{R: 0x4a, G: 0x55, B: 0x68, A: 0xff}
	colWarnBG  = color.NRGBA{R: 0xff, G: 0xf1, B: 0xd6, A: 0xff}
	colHeader  = color.NRGBA{R: 0x0b, G: 0x4f, B: 0x9c, A: 0xff}
	colOnBlue  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colInfoBG  = color.NRGBA{R: 0xe3, G: 0xee, B: 0xfb, A: 0xff}
	colOkBG    = color.NRGBA{R: 0xe1, G: 0xf5, B: 0xe6, A: 0xff}
	colOverlay = color.NRGBA{R: 0x10, G: 0x18, B: 0x28, A: 0x99}
)

// kioskTheme enlarges the text for reading at arm's length. The font stays
// Fyne's bundled Noto Sans, which has every Vietnamese letter (its
// monospace font does not: never use TextStyle.Monospace here).
type kioskTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return kioskTheme{theme.DefaultTheme()} }

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
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
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
