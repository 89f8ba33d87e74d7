package io.dataplug.core.format;

/**
 * A slice part begins or ends inside a record of its object, found while evaluating it. The slice was edited by
 * hand or made from another index of the object; its records would come out cut, so nothing more is written.
 */
public final class RecordBoundaryException extends DataFormatException {

    public RecordBoundaryException(String objectUri, long offset, String problem) {
        super(objectUri, offset, 0, problem, "the slice does not match the object's index (edited by hand?); partition the "
                + "dataset again");
    }
}
