package io.dataplug.core.format;

import io.dataplug.core.storage.ObjectLocation;

/**
 * An object that belongs to every data object of a format, named from the data object's key by replacing
 * {@code dataSuffix} (matched ignoring case) with {@code suffix}: {@code new Sibling("ibd", ".imzML", ".ibd")}
 * pairs {@code scans/X.imzML} with {@code scans/X.ibd}. See {@link Format#siblings()}.
 *
 * @param role names the sibling for {@link IndexingContext#sibling(String)} and in the index
 */
public record Sibling(String role, String dataSuffix, String suffix) {

    /** Where the sibling of {@code data} is; fails when the data object's key does not end with {@code dataSuffix}. */
    public ObjectLocation of(ObjectLocation data) {
        String key = data.key();
        if (!endsWithIgnoreCase(key, dataSuffix)) {
            throw new InvalidRequestException(data.toUri() + ": the key must end with " + dataSuffix + " (its " + role
                    + " is found beside it by replacing that suffix with " + suffix + ")");
        }
        return new ObjectLocation(data.scheme(), data.bucket(), key.substring(0, key.length() - dataSuffix.length()) + suffix);
    }

    /** True when {@code key} names an object of this role (so a prefix listing leaves it out of the data). */
    public boolean matches(String key) {
        return endsWithIgnoreCase(key, suffix);
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length() && s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
