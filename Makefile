# Thin aliases for ./sigdesa (the single entry point).
.PHONY: run test setup lint
run:
	./sigdesa run
test:
	./sigdesa test
setup:
	./sigdesa setup
lint:
	./sigdesa lint
