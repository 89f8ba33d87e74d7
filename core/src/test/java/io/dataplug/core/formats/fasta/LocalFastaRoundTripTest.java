package io.dataplug.core.formats.fasta;

import io.dataplug.core.testing.Pipeline;

/** The fasta round trips on local files. */
class LocalFastaRoundTripTest extends FastaRoundTripTest {

    @Override
    Pipeline newPipeline(String test) {
        return Pipeline.local(work.resolve("pipeline-" + test));
    }

    @Override
    boolean thorough() {
        return true;
    }
}
