package console

import (
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/store"
)

// DeviceCounterFunc binds a device just enrolled to a counter, inside the
// enrolment's transaction (ratingpad.BindTx). The counter exists in the
// configuration when it is called.
type DeviceCounterFunc func(tx *store.Tx, deviceID, counter string) error

// EnrolWithCounter lets the devices page ("Quản trị › Thiết bị") bind a
// device of role to a counter while enrolling it: the page offers the
// counters for that role (GET /console/api/me, counter_roles) and the
// binding is written with the device, or neither is. No-op when no console
// is mounted on srv.
func EnrolWithCounter(srv *centre.Server, role string, fn DeviceCounterFunc) {
	v, ok := consoles.Load(srv)
	if !ok {
		return
	}
	c := v.(*Console)
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	if c.counterRoles == nil {
		c.counterRoles = map[string]DeviceCounterFunc{}
	}
	c.counterRoles[role] = fn
}

func (c *Console) counterBinder(role string) DeviceCounterFunc {
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	return c.counterRoles[role]
}

func (c *Console) counterRoleList() []string {
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	out := []string{}
	for r := range c.counterRoles {
		out = append(out, r)
	}
	return out
}
