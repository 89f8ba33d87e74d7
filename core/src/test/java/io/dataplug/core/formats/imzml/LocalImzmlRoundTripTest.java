package io.dataplug.core.formats.imzml;

import io.dataplug.core.testing.Pipeline;

/** The imzml round trips on local files. */
class LocalImzmlRoundTripTest extends ImzmlRoundTripTest {

    @Override
    Pipeline newPipeline(String test) {
        return Pipeline.local(work.resolve("pipeline-" + test));
    }

    @Override
    boolean thorough() {
        return true;
    }
}
