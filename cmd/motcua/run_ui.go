package main

// The desktop apps' language and window mode under `motcua run` (issue
// 18): --lang goes to the board, the kiosk and the counter; with
// --fullscreen-apps the board and the kiosk open fullscreen, as they stand
// in a hall (a TV, a kiosk screen). Fyne has no API to place a window, so
// without it the three windows open where the window manager puts them;
// the counter stays a normal window on the officer's desktop.

// withUI adds the language and fullscreen flags to the apps' commands.
func withUI(env *runEnv, apps []appCmd) []appCmd {
	for i := range apps {
		a := &apps[i]
		if env.Lang == "en" {
			a.args = append(a.args, "--lang", "en")
		}
		if env.FullscreenApps && (a.bin == "motcua-display" || a.bin == "motcua-kiosk") {
			a.args = append(a.args, "--fullscreen")
		}
	}
	return apps
}
