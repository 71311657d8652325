package dev.ringcast.examples.testrunner;

import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;

/**
 * Lets a request poll or publish only on topics that are existing session tokens: an unknown
 * token is answered {@code 404 {"error": ...}}, exactly as a session that does not exist. As
 * tokens are unguessable, a client reaches only the sessions whose tokens it was given, and one
 * session never sees another's events.
 *
 * <p>Thread-safe (the registry is); called on request threads.
 */
public final class SessionAuthorizer implements Authorizer {

    private final SessionRegistry sessions;

    /**
     * @param sessions the sessions that exist
     */
    public SessionAuthorizer(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public Decision authorize(AccessRequest request) {
        for (String token : request.topics()) {
            if (!sessions.exists(token)) {
                return Decision.deny(404, "there is no session " + token
                        + ": create one with POST /api/sessions and use the token it answers");
            }
        }
        return Decision.allow();
    }
}
