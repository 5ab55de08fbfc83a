package http

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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

// cookieName is the name of a cookie on this request's scheme. Over
// HTTPS the names carry the __Host- prefix, which browsers accept only
// from a secure origin, for the whole host and without a Domain: another
// application on the same host (another port, or plain HTTP) can then not
// plant a session or CSRF cookie in the browser.
func (s *Server) cookieName(r *nethttp.Request, base string) string {
	if s.isHTTPS(r) {
		return "__Host-" + base
	}
	return base
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site,
// Secure when the request came over HTTPS. maxAge 0 makes a session
// cookie, negative deletes the cookie.
func (s *Server) setCookie(w nethttp.ResponseWriter, r *nethttp.Request, base, value string, maxAge int) {
	nethttp.SetCookie(w, &nethttp.Cookie{Name: s.cookieName(r, base), Value: value, Path: "/", HttpOnly: true,
		Secure: s.isHTTPS(r), SameSite: nethttp.SameSiteLaxMode, MaxAge: maxAge})
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
		} else if c, err := r.Cookie(s.cookieName(r, sessionCookie)); err == nil && c.Value != "" {
			if u, err := s.db.SessionUser(r.Context(), c.Value); err == nil {
				a.user, a.session = &u, c.Value
			} else if armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
				s.log.Error("reading session", "err", err)
			}
		}
		if a.session != "" {
			// Signed in: the token is bound to the session, so that it
			// changes at every sign-in and a CSRF cookie planted by
			// another application cannot stand in for it.
			a.csrf = s.csrfToken("session", a.session)
		} else if !a.bearer {
			c, err := r.Cookie(s.cookieName(r, csrfCookie))
			raw := ""
			if err == nil && len(c.Value) >= 32 {
				raw = c.Value
			} else if !strings.HasPrefix(r.URL.Path, "/api/") {
				// Pages hand out the cookie; API clients get none.
				raw = randomToken()
				s.setCookie(w, r, csrfCookie, raw, 0)
			}
			if raw != "" {
				a.csrf = s.csrfToken("anonymous", raw)
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

// csrfToken derives the token forms carry from a secret the browser holds
// in an HttpOnly cookie (the session token once signed in, else the CSRF
// cookie): a page of another site can neither read the cookie nor compute
// the token. kind keeps the two kinds of tokens apart.
func (s *Server) csrfToken(kind, secret string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// errCSRF is the answer to an unsafe request without a valid CSRF token.
var errCSRF = armsflow.Errorf(armsflow.EFORBIDDEN, "missing or stale CSRF token: reload the page and try again")

// checkCSRF verifies the CSRF token of an unsafe request authenticated by
// cookie (or anonymous): in the X-CSRF-Token header, or in the csrf_token
// field of a URL-encoded form body — never in the query string, which
// ends up in logs and Referer headers. A multipart body is left unread
// (the upload reads it as a stream, and passes the field it found as
// formToken). Requests with an API token need none. A request that a
// browser marks as coming from another site is refused whatever it
// carries.
func (s *Server) checkCSRF(r *nethttp.Request, formToken string) error {
	a := authOf(r)
	if a.bearer {
		return nil
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return armsflow.Errorf(armsflow.EFORBIDDEN, "a request from another site may not change anything here")
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		host := r.Host
		if fh := r.Header.Get("X-Forwarded-Host"); fh != "" && s.trustedPeer(r) {
			host = fh // the proxy passes the browser's Host this way
		}
		if u, err := url.Parse(o); err != nil || !strings.EqualFold(u.Host, host) {
			return armsflow.Errorf(armsflow.EFORBIDDEN, "a request from %s may not change anything here", o)
		}
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = formToken
	}
	if got == "" {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			got = r.PostFormValue(csrfField)
		}
	}
	if a.csrf == "" || got == "" || !hmac.Equal([]byte(got), []byte(a.csrf)) {
		return errCSRF
	}
	return nil
}

// requireEditor checks that the request may change the library: an editor,
// and for cookie sessions a valid CSRF token (in the header, or the field
// of a URL-encoded form).
func (s *Server) requireEditor(r *nethttp.Request) error {
	if err := s.requireEditorRole(r); err != nil {
		return err
	}
	return s.checkCSRF(r, "")
}

// requireEditorRole checks that the request's user is an editor, leaving
// the CSRF token to the caller.
func (s *Server) requireEditorRole(r *nethttp.Request) error {
	a := authOf(r)
	if a.user == nil {
		return armsflow.Errorf(armsflow.EUNAUTHORIZED, "sign in as an editor to change the library (or send an editor's API token)")
	}
	if a.user.Role != armsflow.RoleEditor {
		return armsflow.Errorf(armsflow.EFORBIDDEN, "user %q is a %s; only editors may change the library", a.user.Name, a.user.Role)
	}
	return nil
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
// and starts a session. Failed attempts are throttled per account and per
// client address, and only a few passwords are hashed at once, so that a
// guessing attack neither succeeds quickly nor starves other requests of
// CPU.
func (s *Server) handleLogin(w nethttp.ResponseWriter, r *nethttp.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if r.Method == nethttp.MethodPost {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			if v := r.PostFormValue("next"); v != "" {
				next = safeNext(v)
			}
		}
	}
	if r.Method == nethttp.MethodGet {
		s.render(w, r, "login", page{Title: "Sign in", Data: map[string]string{"Next": next}})
		return
	}
	fail := func(status int, msg string) {
		w.WriteHeader(status)
		s.render(w, r, "login", page{Title: "Sign in", Error: msg, Data: map[string]string{"Next": next}})
	}
	if err := s.checkCSRF(r, ""); err != nil {
		fail(nethttp.StatusForbidden, armsflow.ErrorMessage(err))
		return
	}
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	addr := s.clientAddr(r)
	if wait := s.logins.blocked(name, addr); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.log.Warn("sign-in throttled", "user", name, "addr", addr)
		fail(nethttp.StatusTooManyRequests, fmt.Sprintf("too many failed sign-ins for this account or from this address: try again in %d seconds", secs))
		return
	}
	u, err := s.db.User(r.Context(), name)
	hash := []byte(u.PasswordHash)
	if err != nil {
		hash = dummyHash()
	}
	if !s.hashes.acquire(r.Context(), hashWait) {
		w.Header().Set("Retry-After", "2")
		fail(nethttp.StatusServiceUnavailable, "the server is busy checking other sign-ins: try again in a few seconds")
		return
	}
	bad := bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil
	s.hashes.release()
	if bad || err != nil {
		if err != nil && armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
			s.log.Error("sign-in", "err", err)
		}
		s.logins.failed(name, addr)
		s.log.Warn("sign-in failed", "user", name, "addr", addr)
		fail(nethttp.StatusUnauthorized, "unknown user or wrong password")
		return
	}
	s.logins.succeeded(name, addr)
	tok, err := s.db.CreateSession(r.Context(), u.Name, sessionTTL)
	if err != nil {
		s.log.Error("creating session", "err", err)
		fail(nethttp.StatusInternalServerError, "internal error")
		return
	}
	s.log.Info("signed in", "user", u.Name, "addr", addr)
	s.setCookie(w, r, sessionCookie, tok, int(sessionTTL.Seconds()))
	// A new anonymous CSRF secret too, for the sign-in form after the
	// session ends.
	s.setCookie(w, r, csrfCookie, randomToken(), 0)
	nethttp.Redirect(w, r, next, nethttp.StatusSeeOther)
}

// handleLogout ends the session: it is deleted from the library, so the
// cookie is worthless even if a copy of it survives.
func (s *Server) handleLogout(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.checkCSRF(r, ""); err != nil {
		s.pageError(w, r, err)
		return
	}
	if a := authOf(r); a.session != "" {
		if err := s.db.DeleteSession(r.Context(), a.session); err != nil {
			s.log.Error("ending session", "err", err)
			s.pageError(w, r, err)
			return
		}
		s.log.Info("signed out", "user", a.user.Name, "addr", s.clientAddr(r))
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	nethttp.Redirect(w, r, "/", nethttp.StatusSeeOther)
}

// safeNext keeps a redirect target on this site: a path that starts with
// one slash, without backslashes, control characters or spaces (browsers
// drop a tab or newline and read "/\t/evil.example" as "//evil.example"),
// which a URL parser reads as a path alone. Anything else goes home.
func safeNext(next string) string {
	if len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	if !utf8.ValidString(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
