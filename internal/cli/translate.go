package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// machineTranslation finds the engines the settings allow: Apertium on
// this machine (--apertium auto: when installed; a folder: it must be
// there) before a LibreTranslate-compatible service (--translate-url). With
// neither the worker is built but never runs, and jobs wait.
func machineTranslation(e *env, db *store.DB, log *slog.Logger) (*translate.Worker, error) {
	var engines []translate.Engine
	switch dir := e.cfg.Apertium; dir {
	case "off":
	case "auto":
		if a, err := translate.FindApertium(""); err == nil {
			engines = append(engines, a)
		} else {
			log.Info("machine translation: Apertium not found", "reason", err)
		}
	default:
		a, err := translate.FindApertium(dir)
		if err != nil {
			return nil, fmt.Errorf("--apertium %s: %w", dir, err)
		}
		engines = append(engines, a)
	}
	if e.cfg.TranslateURL != "" {
		l, err := translate.NewLibre(e.cfg.TranslateURL, e.cfg.TranslateKey)
		if err != nil {
			return nil, err
		}
		engines = append(engines, l)
	}
	w := translate.NewWorker(db, translate.NewEngines(engines...), log)
	return w, nil
}

// startMachineTranslation runs the worker when an engine was found, after
// asking a translation service for its languages (it keeps asking every
// minute while it does not answer: until then its jobs fail and wait).
func startMachineTranslation(ctx context.Context, w *translate.Worker, log *slog.Logger) {
	if !w.Enabled() {
		log.Info("machine translation off: no engine (install apertium, or set --translate-url); jobs wait")
		return
	}
	for _, eng := range w.Engines.List() {
		log.Info("machine translation engine", "name", eng.Name())
		if l, ok := eng.(*translate.Libre); ok {
			go discoverUntilAnswered(ctx, l, log)
		}
	}
	go w.Run(ctx)
}

func discoverUntilAnswered(ctx context.Context, l *translate.Libre, log *slog.Logger) {
	for {
		dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := l.Discover(dctx)
		cancel()
		if err == nil {
			log.Info("translation service answered", "url", l.URL(), "pairs", len(l.Pairs()))
			return
		}
		log.Warn("translation service", "url", l.URL(), "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

// closeEngines stops Apertium's pipelines.
func closeEngines(w *translate.Worker) {
	if w == nil || w.Engines == nil {
		return
	}
	for _, eng := range w.Engines.List() {
		if a, ok := eng.(*translate.Apertium); ok {
			a.Close()
		}
	}
}
