package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.net.OutboundRefusedException;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.smtpbridge.relay.SmtpTarget;

/**
 * Where an identity's mail goes out: a local identity through the configured relay (pooled connections), a remote
 * identity through its own outgoing server with its own credentials, if that server is in a network the
 * installation may reach ({@link OutboundGuard}).
 *
 * @param target the SMTP server
 * @param pooled whether connections to it are kept between sends
 */
record SendRoute(SmtpTarget target, boolean pooled) {

    static SendRoute of(Identity identity, SmtpTarget relay, IdentityStore identities, OutboundGuard outbound)
            throws OrderFailedException {
        if (identity.isLocal()) {
            return new SendRoute(relay, true);
        }
        ServerSettings out = identity.outgoing();
        if (out == null || out.host() == null || out.host().isBlank()) {
            throw OrderFailedException.rejected(ErrorCode.NO_OUTGOING_SERVER,
                    "remote identity " + identity.id() + " has no outgoing (SMTP) server configured");
        }
        try {
            outbound.check(out.host());
        } catch (OutboundRefusedException e) {
            throw OrderFailedException.rejected(ErrorCode.SERVER_NOT_ALLOWED, "the outgoing server of identity "
                    + identity.id() + " is refused: " + e.getMessage());
        }
        String secret = null;
        boolean xoauth2 = out.auth() == ServerSettings.Auth.XOAUTH2;
        if (out.username() != null && !out.username().isBlank()) {
            Credentials credentials;
            try {
                credentials = identities.credentials(identity.id());
            } catch (RecordNotFoundException e) {
                throw OrderFailedException.rejected(ErrorCode.NO_CREDENTIALS,
                        "remote identity " + identity.id() + " has no stored credentials for its SMTP server");
            }
            secret = xoauth2 ? credentials.oauth2Token() : credentials.password();
        }
        return new SendRoute(new SmtpTarget(out.host(), out.port(), out.security(), out.username(), secret, xoauth2,
                out.trustAllCertificates(), relay.timeout()), false);
    }
}
