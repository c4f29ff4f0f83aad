package io.mailmesh.mqworker.keys;

import java.util.List;

/**
 * What the look-ups of one address returned.
 *
 * @param keys     the keys found (not yet filtered)
 * @param failures look-ups that failed on something passing (timeouts, server errors); empty when all answered
 */
public record LookupResult(List<KeyMaterial> keys, List<String> failures) {
    public LookupResult {
        keys = List.copyOf(keys);
        failures = List.copyOf(failures);
    }
}
