package console

import "net/http"

func (c *Console) notYet(w http.ResponseWriter, r *http.Request) { http.Error(w, "not yet", 501) }

func (c *Console) getConfig(w http.ResponseWriter, r *http.Request)        { c.notYet(w, r) }
func (c *Console) putConfig(w http.ResponseWriter, r *http.Request)        { c.notYet(w, r) }
func (c *Console) officers(w http.ResponseWriter, r *http.Request)         { c.notYet(w, r) }
func (c *Console) createOfficer(w http.ResponseWriter, r *http.Request)    { c.notYet(w, r) }
func (c *Console) updateOfficer(w http.ResponseWriter, r *http.Request)    { c.notYet(w, r) }
func (c *Console) devices(w http.ResponseWriter, r *http.Request)          { c.notYet(w, r) }
func (c *Console) enrolDevice(w http.ResponseWriter, r *http.Request)      { c.notYet(w, r) }
func (c *Console) renameDevice(w http.ResponseWriter, r *http.Request)     { c.notYet(w, r) }
func (c *Console) revokeDevice(w http.ResponseWriter, r *http.Request)     { c.notYet(w, r) }
func (c *Console) getSchedule(w http.ResponseWriter, r *http.Request)      { c.notYet(w, r) }
func (c *Console) putSchedule(w http.ResponseWriter, r *http.Request)      { c.notYet(w, r) }
func (c *Console) procedures(w http.ResponseWriter, r *http.Request)       { c.notYet(w, r) }
func (c *Console) procedure(w http.ResponseWriter, r *http.Request)        { c.notYet(w, r) }
func (c *Console) importProcedures(w http.ResponseWriter, r *http.Request) { c.notYet(w, r) }
func (c *Console) editProcedure(w http.ResponseWriter, r *http.Request)    { c.notYet(w, r) }
func (c *Console) audit(w http.ResponseWriter, r *http.Request)            { c.notYet(w, r) }
