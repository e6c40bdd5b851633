# Image with the five server binaries and the portal's assets, built on Debian bookworm like the development machines.
# docker build -t bch-suite:latest .
FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake ninja-build g++ pkg-config nodejs npm ca-certificates libgrpc++-dev \
      protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto libabsl-dev \
      libmysqlcppconn-dev prometheus-cpp-dev libcpp-httplib-dev nlohmann-json3-dev libssl-dev \
      libgtest-dev libgmock-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
 && cmake --build build --target projects_server finance_server governance_server \
      reporting_server gateway_server portal_assets

FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libmysqlcppconn7v5 libprometheus-cpp-pull1.0 \
      libcpp-httplib0.11 libssl3 chromium && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/services/*/*_server /src/build/gateway/gateway_server /usr/local/bin/
# The portal's style sheet (GOV.UK Frontend compiled with Sass); chromium prints its PDFs.
COPY --from=build /src/build/gateway/portal_assets/ /usr/share/bch/portal/
USER 65532
