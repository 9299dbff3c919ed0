package demo

import (
	"strconv"

	"github.com/caredesk/caredesk/model"
)

// pickCustomer skews contacts: a small pool of frequent contacters gets a
// large share, so some customers come back three or more times a month.
func (g *worker) pickCustomer() int {
	if g.pool > g.frequent && !chance(g.r, 0.15) {
		return g.frequent + g.r.IntN(g.pool-g.frequent)
	}
	return g.r.IntN(g.frequent)
}

// customer k is a pure function of the seed and k, so no customer table is
// kept: the same k always gives the same person, e-mail and phone.
func (g *worker) customer(k int) model.Customer {
	h := mix(uint64(g.cfg.Seed) ^ uint64(k)*0x9e3779b97f4a7c15)
	c := model.Customer{ID: model.CustomerID(k + 1)}
	var local string
	if h%100 < 5 {
		n := cjkNames[(h>>8)%uint64(len(cjkNames))]
		c.Name, local = n.text, n.ascii
	} else {
		f, l := firstNames[(h>>8)%uint64(len(firstNames))], lastNames[(h>>20)%uint64(len(lastNames))]
		c.Name, local = f.text+" "+l.text, f.ascii+"."+l.ascii
	}
	// k in the address and the number keeps every customer distinct.
	hasEmail := (h>>32)%100 >= 5
	if hasEmail {
		c.Email = local + strconv.Itoa(k) + "@" + mailDomains[(h>>40)%uint64(len(mailDomains))]
	}
	if !hasEmail || (h>>48)%100 < 70 {
		c.Phone = "+" + phonePrefixes[(h>>56)%uint64(len(phonePrefixes))] + " " + pad7(k)
	}
	return c
}

var phonePrefixes = []string{"1 555", "34 600", "44 7700", "49 151", "33 6", "81 90", "86 138"}

func pad7(k int) string {
	s := strconv.Itoa(k % 10000000)
	for len(s) < 7 {
		s = "0" + s
	}
	return s[:3] + " " + s[3:]
}

// mix is splitmix64's finaliser: a cheap, well-spread hash.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
