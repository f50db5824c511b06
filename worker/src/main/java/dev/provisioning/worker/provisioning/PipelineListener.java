package dev.provisioning.worker.provisioning;

/** Observes the pipeline for metrics; called on the pipeline's context. */
public interface PipelineListener {
    PipelineListener NONE =
            new PipelineListener() {
                @Override
                public void handled(Handled handled, long durationNanos) {}

                @Override
                public void storeCall(long durationNanos, boolean succeeded) {}
            };

    /** One record was decided; the duration runs from the lane start to the decision. */
    void handled(Handled handled, long durationNanos);

    /** One call to the store returned. */
    void storeCall(long durationNanos, boolean succeeded);
}
