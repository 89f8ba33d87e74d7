package io.dataplug.worker;

import io.dataplug.core.util.Sizes;
import picocli.CommandLine;

/** Size flags take the one size syntax of {@link Sizes}; a bad or zero size is a usage error (exit 2). */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        long bytes;
        try {
            bytes = Sizes.parse(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (bytes < 1) {
            throw new CommandLine.TypeConversionException("'" + value + "': must be at least 1 byte");
        }
        return bytes;
    }
}
