// Present so that the compiler accepts the body-less functions declared with
// go:linkname in runtime_linkname.go; nothing is defined here.
