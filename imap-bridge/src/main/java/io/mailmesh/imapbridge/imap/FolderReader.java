package io.mailmesh.imapbridge.imap;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Reads an open folder with few round trips: the UIDs above a point in one {@code UID SEARCH}, then whole
 * messages in batches with one {@code UID FETCH ... (UID FLAGS BODY.PEEK[])} each, so nothing is marked seen.
 */
public final class FolderReader {
    private FolderReader() {
    }

    /** UIDs of the folder at or above {@code fromUid}, ascending. */
    public static long[] uidsFrom(IMAPFolder folder, long fromUid) throws MessagingException {
        long from = Math.max(1, fromUid);
        return (long[]) folder.doCommand(p -> {
            Response[] responses = p.command("UID SEARCH UID " + from + ":*", null);
            List<Long> uids = new ArrayList<>();
            for (Response r : responses) {
                if (r instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                    long n;
                    while ((n = ir.readLong()) != -1) {
                        if (n >= from) {
                            uids.add(n);
                        }
                    }
                }
            }
            p.handleResult(responses[responses.length - 1]);
            long[] out = uids.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(out);
            return out;
        });
    }

    /**
     * Fetches the messages with UIDs {@code uids[from..to)} (ascending), in UID order. UIDs expunged meanwhile are
     * simply missing from the result.
     */
    public static List<FetchedMail> fetch(IMAPFolder folder, long[] uids, int from, int to) throws MessagingException {
        if (from >= to) {
            return List.of();
        }
        String set = uidSet(uids, from, to);
        @SuppressWarnings("unchecked")
        List<FetchedMail> mails = (List<FetchedMail>) folder.doCommand(p -> {
            Response[] responses = p.command("UID FETCH " + set + " (UID FLAGS BODY.PEEK[])", null);
            List<FetchedMail> out = new ArrayList<>(to - from);
            for (Response r : responses) {
                if (r instanceof FetchResponse fr) {
                    UID uid = fr.getItem(UID.class);
                    BODY body = fr.getItem(BODY.class);
                    if (uid == null || body == null || body.isHeader()) {
                        continue;
                    }
                    ByteArray bytes = body.getByteArray();
                    FLAGS flags = fr.getItem(FLAGS.class);
                    out.add(new FetchedMail(uid.uid, flagNames(flags),
                            bytes == null ? new byte[0] : bytes.getNewBytes()));
                }
            }
            p.handleResult(responses[responses.length - 1]);
            out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
            return out;
        });
        return mails;
    }

    /** A compact UID set: runs of consecutive UIDs become {@code a:b}. */
    static String uidSet(long[] uids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        int i = from;
        while (i < to) {
            int j = i;
            while (j + 1 < to && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(uids[i]);
            if (j > i) {
                sb.append(':').append(uids[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    static List<String> flagNames(Flags flags) {
        if (flags == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Flags.Flag f : flags.getSystemFlags()) {
            names.add(systemName(f));
        }
        names.addAll(Arrays.asList(flags.getUserFlags()));
        return names;
    }

    private static String systemName(Flags.Flag f) {
        if (f == Flags.Flag.SEEN) {
            return "\\Seen";
        } else if (f == Flags.Flag.ANSWERED) {
            return "\\Answered";
        } else if (f == Flags.Flag.DELETED) {
            return "\\Deleted";
        } else if (f == Flags.Flag.DRAFT) {
            return "\\Draft";
        } else if (f == Flags.Flag.FLAGGED) {
            return "\\Flagged";
        } else if (f == Flags.Flag.RECENT) {
            return "\\Recent";
        }
        return "\\User";
    }
}
