package armsflow

import "time"

// Roles a user may have. Editors may import files and curate events;
// viewers may only read.
const (
	RoleEditor = "editor"
	RoleViewer = "viewer"
)

// User is an account of the web app.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"` // bcrypt
	CreatedAt    time.Time `json:"created_at"`
}
