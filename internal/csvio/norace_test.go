//go:build !race

package csvio

const raceEnabled = false
