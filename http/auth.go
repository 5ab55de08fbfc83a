package http

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"sync"

	nethttp "net/http"

	"github.com/armsflow/armsflow"
	"golang.org/x/crypto/bcrypt"
)

// Cookie names.
const (
	sessionCookie = "armsflow_session"
	csrfCookie    = "armsflow_csrf"
	csrfHeader    = "X-CSRF-Token"
	csrfField     = "csrf_token"
)

// HashPassword returns the bcrypt hash of password, for a new user.
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", armsflow.Errorf(armsflow.EINVALID, "the password is too short: use at least 8 characters")
	}
	if len(password) > 72 {
		return "", armsflow.Errorf(armsflow.EINVALID, "the password is too long: bcrypt reads at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// dummyHash is compared against when a user does not exist, so that a
// failed sign-in takes as long for an unknown name as for a wrong password.
// It is made on first use: bcrypt costs tens of milliseconds, which every
// command-line process would otherwise pay at start.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("armsflow-no-such-user"), bcrypt.DefaultCost)
	return h
})

type ctxKey int

const authKey ctxKey = 0

// auth is who made a request, and how.
type auth struct {
	user    *armsflow.User // nil when anonymous
	bearer  bool           // authenticated by an API token, not a cookie
	session string         // the session token when signed in by cookie
	csrf    string         // the CSRF token pages embed in forms
}

func authOf(r *nethttp.Request) *auth {
	if a, ok := r.Context().Value(authKey).(*auth); ok {
		return a
	}
	return &auth{}
}

// authenticate finds the request's user from its bearer token or session
// cookie, and makes sure the browser holds a CSRF cookie.
func (s *Server) authenticate(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		a := &auth{}
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || strings.TrimSpace(tok) == "" {
				s.apiError(w, r, armsflow.Errorf(armsflow.EUNAUTHORIZED, "the Authorization header must be \"Bearer TOKEN\" (see 'armsflow users token NAME')"))
				return
			}
			u, err := s.db.TokenUser(r.Context(), strings.TrimSpace(tok))
			if err != nil {
				s.apiError(w, r, err)
				return
			}
			a.user, a.bearer = &u, true
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if u, err := s.db.SessionUser(r.Context(), c.Value); err == nil {
				a.user, a.session = &u, c.Value
			} else if armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
				s.log.Error("reading session", "err", err)
			}
		}
		if !a.bearer {
			c, err := r.Cookie(csrfCookie)
			raw := ""
			if err == nil && len(c.Value) >= 32 {
				raw = c.Value
			} else if !strings.HasPrefix(r.URL.Path, "/api/") {
				// Pages hand out the cookie; API clients get none.
				raw = randomToken()
				nethttp.SetCookie(w, &nethttp.Cookie{Name: csrfCookie, Value: raw, Path: "/", HttpOnly: true,
					Secure: r.TLS != nil, SameSite: nethttp.SameSiteLaxMode})
			}
			if raw != "" {
				a.csrf = s.csrfToken(raw)
			}
		}
		if *a == (auth{}) {
			// Anonymous and without a CSRF token (an API client): authOf
			// gives the same, without a copy of the request.
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), authKey, a)))
	})
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// csrfToken derives the token forms carry from the browser's CSRF cookie:
// a page of another site can neither read the cookie nor compute the token.
func (s *Server) csrfToken(cookie string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF verifies the CSRF token of an unsafe request authenticated by
// cookie (or anonymous): in the X-CSRF-Token header, or in the csrf_token
// field of a form. Requests with an API token need none.
func (s *Server) checkCSRF(r *nethttp.Request) error {
	a := authOf(r)
	if a.bearer {
		return nil
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.FormValue(csrfField)
	}
	if a.csrf == "" || got == "" || !hmac.Equal([]byte(got), []byte(a.csrf)) {
		return armsflow.Errorf(armsflow.EFORBIDDEN, "missing or stale CSRF token: reload the page and try again")
	}
	return nil
}

func unsafeMethod(m string) bool {
	return m != nethttp.MethodGet && m != nethttp.MethodHead && m != nethttp.MethodOptions
}

// requireEditor checks that the request may change the library: an editor,
// and for cookie sessions a valid CSRF token.
func (s *Server) requireEditor(r *nethttp.Request) error {
	a := authOf(r)
	if a.user == nil {
		return armsflow.Errorf(armsflow.EUNAUTHORIZED, "sign in as an editor to change the library (or send an editor's API token)")
	}
	if a.user.Role != armsflow.RoleEditor {
		return armsflow.Errorf(armsflow.EFORBIDDEN, "user %q is a %s; only editors may change the library", a.user.Name, a.user.Role)
	}
	return s.checkCSRF(r)
}

// private refuses anonymous requests when the server is private, but for
// the sign-in page and static files.
func (s *Server) private(next nethttp.Handler) nethttp.Handler {
	if !s.cfg.Private {
		return next
	}
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		p := r.URL.Path
		if authOf(r).user != nil || p == "/login" || strings.HasPrefix(p, "/assets/") || p == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(p, "/api/") {
			s.apiError(w, r, armsflow.Errorf(armsflow.EUNAUTHORIZED, "this armsflow server is private: sign in, or send an API token"))
			return
		}
		nethttp.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), nethttp.StatusSeeOther)
	})
}

// handleLogin signs a user in: GET shows the form, POST checks the password
// and starts a session.
func (s *Server) handleLogin(w nethttp.ResponseWriter, r *nethttp.Request) {
	next := safeNext(r.FormValue("next"))
	if r.Method == nethttp.MethodGet {
		s.render(w, r, "login", page{Title: "Sign in", Data: map[string]string{"Next": next}})
		return
	}
	fail := func(status int, msg string) {
		w.WriteHeader(status)
		s.render(w, r, "login", page{Title: "Sign in", Error: msg, Data: map[string]string{"Next": next}})
	}
	if err := s.checkCSRF(r); err != nil {
		fail(nethttp.StatusForbidden, armsflow.ErrorMessage(err))
		return
	}
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	u, err := s.db.User(r.Context(), name)
	hash := []byte(u.PasswordHash)
	if err != nil {
		hash = dummyHash()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || err != nil {
		if err != nil && armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
			s.log.Error("sign-in", "err", err)
		}
		fail(nethttp.StatusUnauthorized, "unknown user or wrong password")
		return
	}
	tok, err := s.db.CreateSession(r.Context(), u.Name, sessionTTL)
	if err != nil {
		s.log.Error("creating session", "err", err)
		fail(nethttp.StatusInternalServerError, "internal error")
		return
	}
	nethttp.SetCookie(w, &nethttp.Cookie{Name: sessionCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: nethttp.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds())})
	nethttp.Redirect(w, r, next, nethttp.StatusSeeOther)
}

// handleLogout ends the session.
func (s *Server) handleLogout(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.checkCSRF(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	if a := authOf(r); a.session != "" {
		if err := s.db.DeleteSession(r.Context(), a.session); err != nil {
			s.log.Error("ending session", "err", err)
		}
	}
	nethttp.SetCookie(w, &nethttp.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: nethttp.SameSiteLaxMode, MaxAge: -1})
	nethttp.Redirect(w, r, "/", nethttp.StatusSeeOther)
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
