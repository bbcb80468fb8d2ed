// Package fontcheck holds a test: every character the desktop apps draw
// must be in the fonts they bundle. On Linux a missing glyph is quietly
// taken from a system font; on Windows (and under Wine) there may be none
// that has it, and the board showed "→" as an empty box.
package fontcheck
