package sim

// Hold stops the printer taking data (on) or lets it go on (off), as a
// printer whose flow control holds the line: the sender's writes block
// once the pty's buffer is full. Status requests are not answered either
// while held (the bytes are not read).
func (p *Printer) Hold(on bool) {
	p.mu.Lock()
	p.held = on
	p.mu.Unlock()
	p.cond.Broadcast()
}

// waitHeld blocks while the printer is held (and not closed or unplugged).
func (p *Printer) waitHeld() {
	p.mu.Lock()
	for p.held && !p.closed && (p.plug != nil || p.conn != nil) {
		p.cond.Wait()
	}
	p.mu.Unlock()
}
