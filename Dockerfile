# The lab as an image for jobs/k8s-indexed-job.yaml (or any container runner): built from this
# repository into the same npm package a user installs (npm pack, then a global install of the
# tarball), so the image runs the compiled dist/ with production dependencies only and the `dtao-lab`
# bin on PATH.
#
#   docker build -t registry.example.org/dtao-lab:0.1.0 .
#   docker run --rm -v "$PWD/results:/work/results" registry.example.org/dtao-lab:0.1.0 run quickstart
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: no install script is needed to compile (deno's would download its binary).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm pack --pack-destination /tmp && mv /tmp/dtao-lab-*.tgz /tmp/dtao-lab.tgz

FROM node:20-bookworm-slim
COPY --from=build /tmp/dtao-lab.tgz /tmp/dtao-lab.tgz
RUN npm install -g --no-audit --no-fund /tmp/dtao-lab.tgz && rm /tmp/dtao-lab.tgz && npm cache clean --force
RUN mkdir -p /work && chown node:node /work
WORKDIR /work
USER node
ENTRYPOINT ["dtao-lab"]
CMD ["--help"]
