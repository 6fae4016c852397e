/** The embeddable API: image plans and builds. */
package sandbox.image;
