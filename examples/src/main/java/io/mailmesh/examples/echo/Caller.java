package io.mailmesh.examples.echo;

import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.security.MeshGrants;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who will read a reply: the executable whose inbox prefix ({@code _INBOX.<name>.}) the reply subject carries.
 * Under the mesh's credentials only that executable may subscribe below its prefix ({@link MeshGrants}), so the
 * name is proven by its credentials: a sender who borrows someone else's inbox sends the reply to them, not itself.
 */
public final class Caller {
    private static final Pattern INBOX = Pattern.compile(
            Pattern.quote(MeshGrants.inboxPrefix("")) + "([a-z][a-z0-9-]{0,63})\\..+");

    private Caller() {
    }

    public static String of(String replyTo) throws OrderFailedException {
        Matcher inbox = replyTo == null ? null : INBOX.matcher(replyTo);
        if (inbox == null || !inbox.matches()) {
            throw OrderFailedException.rejected("unidentified", "the reply subject names no caller's inbox");
        }
        return inbox.group(1);
    }
}
