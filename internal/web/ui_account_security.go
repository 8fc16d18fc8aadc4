package web

// accountSecurityRoutes lists the account security pages (first sign-in password change, forgot password, two-factor sign-in).
func (s *Server) accountSecurityRoutes() []route {
	return nil
}
