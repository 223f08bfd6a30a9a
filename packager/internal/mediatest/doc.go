// Package mediatest helps the renderers' tests hand a renderer an edition
// as a build would: with what each picture's header says on the model.
// Only tests import it.
package mediatest
