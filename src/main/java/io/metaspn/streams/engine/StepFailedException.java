package io.metaspn.streams.engine;

/** A step (or its state updater) threw while processing a signal; the state was left unchanged. */
public final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final String step;
    private final String signalId;

    public StepFailedException(String pipeline, String step, String signalId, Throwable cause) {
        super("step '" + step + "' of pipeline '" + pipeline + "' failed on signal '" + signalId + "': " + cause,
                cause);
        this.pipeline = pipeline;
        this.step = step;
        this.signalId = signalId;
    }

    /** The pipeline's name. */
    public String pipeline() {
        return pipeline;
    }

    /** The failing step's name. */
    public String step() {
        return step;
    }

    /** The id of the signal being processed. */
    public String signalId() {
        return signalId;
    }
}
