package outcome

// SetPositionChunk makes EachPosition read n rows at a time until the
// returned function restores the chunk, so that a test crosses chunk
// boundaries with a few positions.
func SetPositionChunk(n int) (restore func()) {
	old := positionChunk
	positionChunk = n
	return func() { positionChunk = old }
}
