package io.dataplug.core.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Objects as local files. The ETag is derived from size and modification time (nanoseconds), which is
 * what changes when a file is rewritten; writes go to a temporary file that is then moved into place.
 */
public final class LocalObjectStore implements ObjectStore {

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        Path p = prefix.path();
        boolean folder = Files.isDirectory(p) || prefix.key().endsWith("/");
        Path root = folder ? p : p.getParent();
        String namePrefix = folder ? "" : p.getFileName().toString();
        if (root == null || !Files.isDirectory(root)) {
            return Stream.empty();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> folder || root.relativize(f).toString().startsWith(namePrefix))
                    .filter(f -> !f.getFileName().toString().startsWith(".dataplug-tmp-"))
                    .sorted(Comparator.comparing(Path::toString))
                    .forEach(f -> found.add(head(ObjectLocation.local(f))));
        } catch (IOException e) {
            throw new StorageException(prefix.toUri(), "cannot list: " + e.getMessage(), e);
        }
        return found.stream();
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        Path p = location.path();
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new ObjectNotFoundException(location.toUri(), "not a regular file");
            }
            return new ObjectInfo(location, a.size(), etag(a));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location.toUri(), "no such file");
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot stat: " + e.getMessage(), e);
        }
    }

    static String etag(BasicFileAttributes a) {
        long nanos = a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                + a.lastModifiedTime().toInstant().getNano();
        return Long.toHexString(a.size()) + "-" + Long.toHexString(nanos);
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        ObjectInfo info = head(location);
        if (expectedEtag != null && !expectedEtag.equals(info.etag())) {
            throw new ObjectChangedException(location.toUri(), expectedEtag, info.etag());
        }
        if (offset < 0 || length < 0) {
            throw new StorageException(location.toUri(), "invalid range offset=" + offset + " length=" + length);
        }
        try {
            FileChannel ch = FileChannel.open(location.path(), StandardOpenOption.READ);
            ch.position(offset);
            return new ExactLengthInputStream(Channels.newInputStream(ch), location.toUri(), offset, length);
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot read at offset " + offset + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        write(location, out -> out.write(data), true);
    }

    /** Streamed into a temporary file beside the target, renamed into place when complete. */
    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        write(location, writer, true);
    }

    /** Atomic: the temporary file is hard-linked to the name, which fails if the name exists. */
    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        return write(location, out -> out.write(data), false);
    }

    private static boolean write(ObjectLocation location, Writer writer, boolean replace) {
        Path target = location.path();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".dataplug-tmp-", "");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    writer.writeTo(out);
                }
                if (replace) {
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return true;
                }
                try {
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target); // no hard links here: refuses an existing name, though not atomically
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            Files.deleteIfExists(location.path());
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot delete: " + e.getMessage(), e);
        }
    }
}
