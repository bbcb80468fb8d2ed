package console

import (
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/motcua/motcua/queue"
)

// Script serves js, the script of an extension's console page, to be
// wrapped like the page (SupervisorPage): revalidated on every load
// (no-cache), so a new build's script is never mixed with an old page.
func Script(js []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(js)
	}
}

// ScriptFile is Script of the file name in fsys (an extension's embedded
// files); a missing file is a build's mistake and panics at mount.
func ScriptFile(fsys fs.FS, name string) http.HandlerFunc {
	js, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic("console: " + err.Error())
	}
	return Script(js)
}

// TimeFuncs are the template functions of the extensions' console pages
// for times, in Vietnam's time whatever the server's zone: when (a
// time.Time) and whenp (a *time.Time, "" for nil), as "15:04:05 02/01/2006".
func TimeFuncs() template.FuncMap {
	when := func(t time.Time) string { return t.In(queue.Loc).Format("15:04:05 02/01/2006") }
	return template.FuncMap{
		"when": when,
		"whenp": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return when(*t)
		},
	}
}
