package ui

// counted writes a count with its noun in the right number: "1 match",
// "2,400 matches", "1 time".
func counted(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return withThousands(n) + " " + many
}

// plural is counted for a noun whose plural takes an s: "1 case", "3
// cases", "2,400 tags".
func plural(n int, what string) string { return counted(n, what, what+"s") }
