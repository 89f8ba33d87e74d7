package io.dataplug.core.storage;

/** What a HEAD or a listing tells about one object. The ETag is stored without quotes. */
public record ObjectInfo(ObjectLocation location, long size, String etag) {

    public static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
