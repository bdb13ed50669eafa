/**
 * What a browser tab shows when it cannot sign in: opened without the printed link (no token), or
 * with a token the server no longer takes (Periscope was restarted: tokens are per launch). It says
 * where the right link is, and nothing else happens — no request is made without a token.
 */

/** The page. @param refused the server rejected the token (rather than there being none). */
export function SignIn({ refused }: { refused: boolean }) {
  return (
    <main className="signin" data-testid="sign-in">
      <div className="signin-card">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>{' '}
          Periscope
        </h1>
        <p className="signin-lead">
          {refused ? 'This tab’s sign-in link is from an earlier launch of Periscope.' : 'Open Periscope with the link it printed.'}
        </p>
        <p>
          Periscope prints its link when it starts — in the terminal where you ran <code>npm start</code> or <code>npm run serve</code>, the line that looks
          like <code>http://127.0.0.1:&lt;port&gt;/?token=…</code>. Open that link in this browser.
        </p>
        <p className="muted">
          The token in the link is made fresh at every launch, so a bookmark stops working after a restart. To keep one token, start Periscope with{' '}
          <code>PERISCOPE_TOKEN</code> set. The desktop app signs itself in.
        </p>
      </div>
    </main>
  )
}
