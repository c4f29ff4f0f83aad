package io.mailmesh.orders;

import com.fasterxml.jackson.core.JsonToken;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The top-level keys of one payload that some order reads ({@code order} and every key of every order type): the
 * token type each was found with, and its text when it is a string. Keys no order reads are not kept; a key found
 * twice keeps its last value. Arrays indexed by key instead of maps, since one is filled for every order.
 */
final class TopLevelKeys {
    private static final String[] NAMES = Stream.concat(Stream.of(Keys.ORDER), Stream.of(OrderType.values())
                    .flatMap(t -> Stream.concat(t.requiredKeys().stream(), t.optionalKeys().stream())))
            .distinct().toArray(String[]::new);
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.length; i++) {
            INDEX.put(NAMES[i], i);
        }
    }

    private final JsonToken[] tokens = new JsonToken[NAMES.length];
    private final String[] texts = new String[NAMES.length];
    /** Keys only extension orders read, with their token type and text; created on an extension route only. */
    private Map<String, JsonToken> extensionTokens;
    private Map<String, String> extensionTexts;

    /** The slot of a key some order reads, or -1 for any other key. */
    static int indexOf(String key) {
        Integer index = INDEX.get(key);
        return index == null ? -1 : index;
    }

    /** Records the key at {@code index} with its token type and, for a string, its text (null otherwise). */
    void put(int index, JsonToken token, String text) {
        tokens[index] = token;
        texts[index] = text;
    }

    /** Records a key only an extension order reads, like {@link #put}. */
    void putExtension(String key, JsonToken token, String text) {
        if (extensionTokens == null) {
            extensionTokens = new HashMap<>();
            extensionTexts = new HashMap<>();
        }
        extensionTokens.put(key, token);
        extensionTexts.put(key, text);
    }

    /** The token type {@code key} was found with, or null if it is absent. */
    JsonToken token(String key) {
        int index = indexOf(key);
        if (index < 0) {
            return extensionTokens == null ? null : extensionTokens.get(key);
        }
        return tokens[index];
    }

    /** The text of {@code key} if it was found as a string, or null. */
    String text(String key) {
        int index = indexOf(key);
        if (index < 0) {
            return extensionTexts == null ? null : extensionTexts.get(key);
        }
        return texts[index];
    }
}
