package sandbox.image;

/**
 * A finished build: where it went, the image's manifest digest and ID, and the plan hash it
 * carries (also as the {@value ImagePlan#PLAN_HASH_LABEL} label).
 */
public record BuiltImage(String target, String reference, String digest, String imageId, String planHash) { }
