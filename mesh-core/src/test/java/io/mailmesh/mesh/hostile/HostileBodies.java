package io.mailmesh.mesh.hostile;

import io.mailmesh.orders.Keys;
import io.mailmesh.orders.OrderType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A corpus of hostile bodies for one order type: bad text in every key (non-ASCII, beyond the BMP, CR/LF, NUL, lone
 * surrogates, 60 KiB), numbers and objects where strings go, duplicate keys, deep nesting, invalid UTF-8, bodies
 * that are empty, too large or not a JSON object. None of them is a valid order a handler can carry out.
 */
public final class HostileBodies {
    /** Texts a key may hold, each a way to break a header, a log line or a store key. */
    private static final Map<String, String> BAD_TEXTS = new LinkedHashMap<>();

    static {
        BAD_TEXTS.put("latin1", "d\u00e9livrer");
        BAD_TEXTS.put("non-bmp", "\uD83D\uDE80\uD83D\uDCE7");
        BAD_TEXTS.put("crlf", "r\r\nNats-Service-Error: forged\r\n");
        BAD_TEXTS.put("nul", "a\u0000b");
        BAD_TEXTS.put("controls", "\u0001\u0007\u001b[31m\u007f");
        BAD_TEXTS.put("lone-surrogate", "x\uD800y");
        BAD_TEXTS.put("rtl", "\u202Egnp.exe");
        BAD_TEXTS.put("60KiB", "\u00e9".repeat(30 * 1024));
        BAD_TEXTS.put("60KiB-ascii", "a".repeat(60 * 1024));
        BAD_TEXTS.put("blank", " \t ");
    }

    private HostileBodies() {
    }

    /** One hostile body and what it is, for assertion messages. */
    public record Body(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Body> forOrder(OrderType type) {
        List<String> keys = new ArrayList<>(type.requiredKeys());
        keys.addAll(type.optionalKeys());
        List<Body> bodies = new ArrayList<>();
        for (var bad : BAD_TEXTS.entrySet()) {
            bodies.add(body("order " + bad.getKey(), valid(type, Keys.ORDER, json(bad.getValue()))));
            for (String key : keys) {
                bodies.add(body(key + " " + bad.getKey(), valid(type, key, json(bad.getValue()))));
            }
            bodies.add(body("key name " + bad.getKey(), object(Map.of(Keys.ORDER, json(type.wireName()),
                    json(bad.getValue()), json("v")))));
        }
        for (String key : keys) {
            bodies.add(body(key + " number", valid(type, key, "42")));
            bodies.add(body(key + " huge number", valid(type, key, "1" + "0".repeat(5000))));
            bodies.add(body(key + " object", valid(type, key, "{\"a\":\"b\"}")));
            bodies.add(body(key + " array", valid(type, key, "[\"" + type.wireName() + "\"]")));
            bodies.add(body(key + " null", valid(type, key, "null")));
            bodies.add(body(key + " true", valid(type, key, "true")));
            bodies.add(body(key + " duplicate, last not a string", bytes(validJson(type, null, null)
                    .replaceFirst("\\}$", "," + json(key) + ":7}"))));
        }
        bodies.add(body("order number", valid(type, Keys.ORDER, "1")));
        bodies.add(body("duplicate order, last unknown", bytes(validJson(type, null, null)
                .replaceFirst("\\}$", ",\"order\":\"d\u00e9livrer\"}"))));
        bodies.add(body("deep nesting", bytes(validJson(type, null, null)
                .replaceFirst("\\}$", ",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"))));
        bodies.add(body("deep nesting as the body", bytes("[".repeat(20_000) + "]".repeat(20_000))));
        bodies.add(body("empty", new byte[0]));
        bodies.add(body("whitespace", bytes(" \r\n\t ")));
        bodies.add(body("array", bytes("[" + validJson(type, null, null) + "]")));
        bodies.add(body("string", bytes(json(type.wireName()))));
        bodies.add(body("number", bytes("1e999999")));
        bodies.add(body("null", bytes("null")));
        bodies.add(body("truncated", bytes(validJson(type, null, null).substring(0, 20))));
        bodies.add(body("trailing garbage", bytes(validJson(type, null, null) + "}{")));
        bodies.add(body("two objects", bytes(validJson(type, null, null) + validJson(type, null, null))));
        bodies.add(body("single quotes", bytes(validJson(type, null, null).replace('"', '\''))));
        bodies.add(body("comment", bytes("/*x*/" + validJson(type, null, null))));
        bodies.add(body("nul bytes", new byte[] {0, 0, 0, 0}));
        bodies.add(body("invalid utf-8 in order", withBytes(type, Keys.ORDER, new byte[] {(byte) 0xC3, 0x28})));
        bodies.add(body("invalid utf-8 in a key", withBytes(type, keys.get(0), new byte[] {(byte) 0xFF, (byte) 0xFE})));
        bodies.add(body("overlong utf-8", withBytes(type, keys.get(0), new byte[] {(byte) 0xC0, (byte) 0xAF})));
        bodies.add(body("utf-8 surrogate", withBytes(type, keys.get(0), new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80})));
        bodies.add(body("utf-16 body", validJson(type, null, null).getBytes(StandardCharsets.UTF_16)));
        bodies.add(body("bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes(validJson(type, "order", json("n\u00e9"))))));
        bodies.add(body("too large", bytes(validJson(type, null, null)
                .replaceFirst("\\}$", ",\"pad\":\"" + "p".repeat(65 * 1024) + "\"}"))));
        return bodies;
    }

    /** A valid order of {@code type} except that {@code key} holds {@code rawValue} (raw JSON). */
    private static byte[] valid(OrderType type, String key, String rawValue) {
        return bytes(validJson(type, key, rawValue));
    }

    private static String validJson(OrderType type, String key, String rawValue) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(json(Keys.ORDER), json(type.wireName()));
        for (String k : type.requiredKeys()) {
            fields.put(json(k), json(k.equals(Keys.POLL_INTERVALL) ? "30" : "v-" + k));
        }
        if (key != null) {
            fields.put(json(key), rawValue);
        }
        return new String(object(fields), StandardCharsets.UTF_8);
    }

    private static byte[] withBytes(OrderType type, String key, byte[] raw) {
        String marker = "\"@@RAW@@\"";
        String[] halves = validJson(type, key, marker).split(java.util.regex.Pattern.quote(marker), 2);
        return concat(bytes(halves[0] + "\"x"), raw, bytes("x\"" + halves[1]));
    }

    private static byte[] object(Map<String, String> rawFields) {
        StringBuilder out = new StringBuilder("{");
        rawFields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append(':').append(v));
        return bytes(out.append('}').toString());
    }

    /** A JSON string literal: quotes, backslashes, control characters and unpaired surrogates escaped. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static Body body(String name, byte[] bytes) {
        return new Body(name, bytes);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
