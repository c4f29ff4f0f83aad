package io.mailmesh.mesh.store.model;

/**
 * Metadata of one attachment (the bytes stay in the raw message).
 *
 * @param fileName    file name, or null
 * @param contentType MIME type
 * @param size        size in bytes
 * @param contentId   Content-ID, or null
 */
public record AttachmentInfo(String fileName, String contentType, long size, String contentId) {
}
