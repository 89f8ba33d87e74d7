package io.dataplug.core.slice;

/** The corrections of a format whose parts need none: written as {@code {}}. */
public record NoCorrections() implements Corrections {

    public static final NoCorrections INSTANCE = new NoCorrections();
}
