package io.mailmesh.mqworker.mime;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MimeMultipart} whose parts are found by {@link MultipartLayout}, one pass over the bytes, with the rules of
 * Jakarta Mail's own parse. That parse marks, reads, resets and skips its synchronized stream at every step of its
 * Boyer-Moore search, so its cost grows as the boundary gets shorter: with a one-letter boundary it is most of the
 * cost of importing a 20 KiB mail. Each part is a {@link MimeBodyPart} over a shared slice of the bytes, as Jakarta
 * Mail makes it. A case off the usual path (no boundary parameter, no delimiter line, a body that is not a shared
 * stream, parsing properties set to non-default values) is left to Jakarta Mail's parse.
 */
final class ScannedMultipart extends MimeMultipart {

    ScannedMultipart(DataSource source) throws MessagingException {
        super(source);
    }

    @Override
    protected synchronized void parse() throws MessagingException {
        if (parsed) {
            return;
        }
        initializeProperties();
        String boundary = new ContentType(contentType).getParameter("boundary");
        if (boundary == null || ignoreExistingBoundaryParameter || !ignoreMissingEndBoundary) {
            super.parse();
            return;
        }
        byte[] body;
        try (InputStream in = ds.getInputStream()) {
            if (!(in instanceof SharedInputStream)) {
                super.parse();
                return;
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new MessagingException("IO Error", e);
        }
        MultipartLayout layout = MultipartLayout.of(body, boundary);
        if (layout == null) {
            super.parse();
            return;
        }
        List<MimeBodyPart> found = new ArrayList<>(layout.parts().size());
        for (int[] range : layout.parts()) {
            found.add(createMimeBodyPart(new SharedByteArrayInputStream(body, range[0], range[1] - range[0])));
        }
        preamble = layout.preamble();
        complete = layout.complete();
        parsed = true;
        for (MimeBodyPart part : found) {
            addBodyPart(part);
        }
    }
}
