package queue

import (
	"time"
	_ "time/tzdata" // the service day is Vietnam's, whatever the server's zone
)

// Loc is Asia/Ho_Chi_Minh.
var Loc = mustLoc()

func mustLoc() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return l
}
