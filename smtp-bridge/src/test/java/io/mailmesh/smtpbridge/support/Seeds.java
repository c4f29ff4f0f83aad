package io.mailmesh.smtpbridge.support;

import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import java.util.ArrayList;
import java.util.List;

/** Test data written straight into the store. */
public final class Seeds {
    private final MeshStore store;

    public Seeds(MeshStore store) {
        this.store = store;
    }

    /** A fresh user id. */
    public static String user() {
        return "u-" + Ids.newId();
    }

    /** A unique address at {@code domain}. */
    public static String address(String local, String domain) {
        return local + "-" + Ids.newId().substring(0, 8) + "@" + domain;
    }

    public Identity localIdentity(String userId, String address, String displayName) {
        return store.identities().putIdentity(new Identity(Ids.newId(), userId, IdentityKind.LOCAL, Protocol.EMAIL,
                address, displayName, null, null, 0, IdentityStatus.ACTIVE, null));
    }

    public Identity remoteIdentity(String userId, String address, ServerSettings outgoing) {
        return store.identities().putIdentity(new Identity(Ids.newId(), userId, IdentityKind.REMOTE,
                Protocol.IMAP, address, "Remote " + userId, null, outgoing, 15, IdentityStatus.ACTIVE, null));
    }

    /** A draft builder for {@code userId}. */
    public DraftBuilder draft(String userId) {
        return new DraftBuilder(userId);
    }

    /** Builds and stores a draft. */
    public final class DraftBuilder {
        private final String userId;
        private final List<Participant> participants = new ArrayList<>();
        private final List<AttachmentInfo> attachments = new ArrayList<>();
        private String subject = "Hello";
        private String plain = "Hello in plain text";
        private String html = "<p>Hello in <b>HTML</b></p>";
        private ExternalReferences refs = ExternalReferences.NONE;
        private String rawMessageId;
        private boolean draft = true;
        private boolean received;

        DraftBuilder(String userId) {
            this.userId = userId;
        }

        public DraftBuilder to(String address, String label) {
            participants.add(new Participant(Protocol.EMAIL, address, label, ParticipantRole.TO, List.of()));
            return this;
        }

        public DraftBuilder cc(String address) {
            participants.add(new Participant(Protocol.EMAIL, address, null, ParticipantRole.CC, List.of()));
            return this;
        }

        public DraftBuilder bcc(String address) {
            participants.add(new Participant(Protocol.EMAIL, address, null, ParticipantRole.BCC, List.of()));
            return this;
        }

        public DraftBuilder subject(String value) {
            subject = value;
            return this;
        }

        public DraftBuilder body(String plainText, String htmlText) {
            plain = plainText;
            html = htmlText;
            return this;
        }

        public DraftBuilder replyingTo(String inReplyTo, List<String> references) {
            refs = new ExternalReferences(null, inReplyTo, references, null);
            return this;
        }

        public DraftBuilder attachment(AttachmentInfo info, String rawId) {
            attachments.add(info);
            rawMessageId = rawId;
            return this;
        }

        public DraftBuilder received() {
            draft = false;
            received = true;
            return this;
        }

        public Message save() {
            Message m = new Message(Ids.newId(), userId, Ids.newId(), draft, received, false, false, participants,
                    subject, plain, html, null, refs, rawMessageId, List.of(), List.of(), attachments);
            return store.messages().putMessage(m);
        }
    }
}
