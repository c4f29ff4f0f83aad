package io.mailmesh.imapbridge.imap;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an open folder with few round trips: the UIDs above a point in one {@code UID SEARCH}, then whole
 * messages in batches with one {@code UID FETCH ... (UID FLAGS BODY.PEEK[])} each, so nothing is marked seen.
 * A batch is bounded in bytes as well as in count: the sizes are asked first ({@code RFC822.SIZE}), a batch takes
 * messages while their sizes fit {@code maxBatchBytes}, and a message over {@code maxMessageBytes} (more than the
 * store would accept) is passed over without its body ever being read.
 */
public final class FolderReader {
    private static final Logger LOG = LoggerFactory.getLogger(FolderReader.class);

    private FolderReader() {
    }

    /**
     * One batch read by {@link #fetchBatch}.
     *
     * @param mails     the messages fetched, ascending UIDs
     * @param end       the index in the UID array after the last UID this batch covered (fetched, passed over as too
     *                  large, or expunged meanwhile)
     * @param oversized UIDs passed over because they are larger than the per-message bound
     */
    public record Batch(List<FetchedMail> mails, int end, List<Long> oversized) {
    }

    /**
     * Fetches the next batch from {@code uids[from]}: at most {@code maxCount} messages whose sizes add up to at most
     * {@code maxBatchBytes} (a single message over it still makes a batch of one, if it is within
     * {@code maxMessageBytes}).
     */
    public static Batch fetchBatch(IMAPFolder folder, long[] uids, int from, int maxCount, long maxBatchBytes,
            long maxMessageBytes) throws MessagingException {
        int candidatesEnd = Math.min(uids.length, from + maxCount);
        if (from >= candidatesEnd) {
            return new Batch(List.of(), from, List.of());
        }
        Map<Long, Long> sizes = sizes(folder, uids, from, candidatesEnd);
        List<Long> chosen = new ArrayList<>();
        List<Long> oversized = new ArrayList<>();
        long bytes = 0;
        int end = from;
        for (; end < candidatesEnd; end++) {
            Long size = sizes.get(uids[end]);
            if (size == null) {
                continue; // expunged since the search
            }
            if (size > maxMessageBytes) {
                LOG.warn("{}: UID {} is {} bytes, over the {} bytes a mail may have; passed over without fetching it",
                        folder.getFullName(), uids[end], size, maxMessageBytes);
                oversized.add(uids[end]);
                continue;
            }
            if (!chosen.isEmpty() && bytes + size > maxBatchBytes) {
                break;
            }
            chosen.add(uids[end]);
            bytes += size;
        }
        long[] wanted = chosen.stream().mapToLong(Long::longValue).toArray();
        return new Batch(fetch(folder, wanted, 0, wanted.length), end, List.copyOf(oversized));
    }

    /** The size in bytes of each message of {@code uids[from..to)} still in the folder. */
    static Map<Long, Long> sizes(IMAPFolder folder, long[] uids, int from, int to) throws MessagingException {
        String set = uidSet(uids, from, to);
        @SuppressWarnings("unchecked")
        Map<Long, Long> sizes = (Map<Long, Long>) folder.doCommand(p -> {
            Response[] responses = p.command("UID FETCH " + set + " (UID RFC822.SIZE)", null);
            Map<Long, Long> out = new HashMap<>();
            for (Response r : responses) {
                if (r instanceof FetchResponse fr) {
                    UID uid = fr.getItem(UID.class);
                    RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                    if (uid != null && size != null) {
                        out.put(uid.uid, size.size);
                    }
                }
            }
            p.handleResult(responses[responses.length - 1]);
            return out;
        });
        return sizes;
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
