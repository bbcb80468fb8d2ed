//go:build windows

package display

import (
	"context"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procPlaySoundW = windows.NewLazySystemDLL("winmm.dll").NewProc("PlaySoundW")

const (
	sndSync      = 0x0000
	sndNoDefault = 0x0002
	sndFilename  = 0x00020000
)

// systemPlayer plays the chime with PlaySound (winmm.dll, every Windows):
// a WAV file, synchronously, no default beep when it fails.
func systemPlayer() (string, func(context.Context, string) error) {
	if procPlaySoundW.Find() != nil {
		return "", nil
	}
	return "PlaySound", func(_ context.Context, file string) error {
		name, err := windows.UTF16PtrFromString(file)
		if err != nil {
			return err
		}
		if r, _, e := procPlaySoundW.Call(uintptr(unsafe.Pointer(name)), 0, sndFilename|sndSync|sndNoDefault); r == 0 {
			return fmt.Errorf("PlaySound: %v", e)
		}
		return nil
	}
}
