package io.mailmesh.mesh.store.model;

import java.util.List;

/**
 * References of a message outside the mesh.
 *
 * @param messageId  RFC 5322 Message-ID, or null
 * @param inReplyTo  In-Reply-To, or null
 * @param references References, oldest first
 * @param dmId       Twitter DM id, or null
 */
public record ExternalReferences(String messageId, String inReplyTo, List<String> references, String dmId) {
    public static final ExternalReferences NONE = new ExternalReferences(null, null, List.of(), null);

    public ExternalReferences {
        references = Lists.copy(references);
    }
}
