package io.dataplug.core.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Says why a file operation failed, in words: the JDK's exceptions carry only a path as their message (the
 * cause is their type), and that path may be a temporary file the user never named.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /**
     * The cause of {@code e}, for a message that already names {@code target}; another file that failed (a parent
     * directory) is named too, while {@code target} and its temporary siblings are not repeated.
     */
    public static String describe(IOException e, Path target) {
        String reason = reason(e);
        if (e instanceof FileSystemException f && f.getFile() != null) {
            Path file = Path.of(f.getFile()).toAbsolutePath();
            Path t = target.toAbsolutePath();
            if (!file.equals(t) && !Objects.equals(file.getParent(), t.getParent())) {
                // A directory on the way: a file that is in the way of one is "not a directory", not "already exists".
                return (e instanceof FileAlreadyExistsException && Files.isRegularFile(file) ? "not a directory" : reason)
                        + ": " + file;
            }
        }
        return reason;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException f) {
            String r = f.getReason();   // the system's words, e.g. "Not a directory", "No space left on device"
            return r == null || r.isEmpty() ? e.getClass().getSimpleName() : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
